"""The project deploys to a real scrapyd as it is, and a job scheduled with a source name runs."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from newscrawl.siteserver import SiteServer
from newscrawl.store import list_articles, list_runs, open_engine

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def call(url: str, data: dict[str, object] | None = None) -> dict[str, object]:
    encoded = urllib.parse.urlencode(data, doseq=True).encode() if data else None
    with urllib.request.urlopen(urllib.request.Request(url, data=encoded), timeout=30) as response:
        return dict(json.load(response))


def test_deploy_and_schedule_a_source(tmp_path: Path) -> None:
    egg = tmp_path / "newscrawl.egg"
    deploy = shutil.which("scrapyd-deploy") or str(Path(sys.executable).parent / "scrapyd-deploy")
    built = subprocess.run(
        [deploy, "--build-egg", str(egg)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-2000:]
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {tmp_path}/eggs\n"
        f"logs_dir = {tmp_path}/logs\nitems_dir =\ndbs_dir = {tmp_path}/dbs\npoll_interval = 0.5\n"
    )
    scrapyd = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                call(f"{base}/daemonstatus.json")
                break
            except OSError:
                time.sleep(0.5)
        boundary = "newscrawlboundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="project"\r\n\r\nnewscrawl\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="version"\r\n\r\n1\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="n.egg"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + egg.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"{base}/addversion.json",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            added = json.load(response)
        assert added["status"] == "ok" and added["spiders"] == 1, added

        db = f"sqlite:///{tmp_path / 'news.db'}"
        with SiteServer(ROOT / "fixtures" / "site") as site:
            sources = tmp_path / "sources.toml"
            sources.write_text(
                f'[[source]]\nname = "local"\nfeeds = ["{site.url}/feed.xml"]\n'
                f'sitemaps = ["{site.url}/sitemap.xml"]\ninterval = "15m"\n'
            )
            job = call(
                f"{base}/schedule.json",
                {
                    "project": "newscrawl",
                    "spider": "news",
                    "source": "local",
                    "setting": [f"NEWSCRAWL_SOURCES={sources}", f"NEWSCRAWL_DATABASE_URL={db}"],
                },
            )
            assert job["status"] == "ok", job
            for _ in range(240):
                jobs = call(f"{base}/listjobs.json?project=newscrawl")
                if any(j["id"] == job["jobid"] for j in jobs["finished"]):  # type: ignore[union-attr]
                    break
                time.sleep(0.5)
    finally:
        scrapyd.terminate()
        scrapyd.wait(timeout=30)
    engine = open_engine(db)
    [run] = list_runs(engine)
    assert (run.source, run.finish_reason) == ("local", "finished")
    assert len(list_articles(engine, limit=None)) == 10
