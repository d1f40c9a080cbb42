"""`newscrawl serve`: the read-only web interface and JSON API over a store, on loopback by default."""

from __future__ import annotations

import socket

import click

from newscrawl.cli.context import UserError, db_option, load_settings
from newscrawl.serve.hosts import is_loopback
from newscrawl.store import StoreError, open_readonly

INSTALL_HINT = "newscrawl serve needs its extra: pip install 'newscrawl[serve]'"


def _listening(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, so that a port in use is one line before anything starts."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, proto)
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        # Listening from here on: a client that connects once the address is printed waits
        # in the backlog until the server accepts, instead of being refused.
        listener.listen(2048)
    except OSError as error:
        listener.close()
        raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to listen on (0: any free port, printed at start).",
)
def serve(db: str | None, host: str, port: int) -> None:
    """Browse and query the store over HTTP: search pages, articles with their revisions,
    crawl runs, sources' health charts, and a JSON API (described at /openapi.json).

    The store is opened read-only and never migrated or created. Only this machine can
    connect unless --host says otherwise.

    \b
    Example:
      newscrawl serve --db news.db --port 8080
    """
    try:
        import uvicorn

        from newscrawl.serve.app import OPENAPI_PATH, create_app
    except ImportError:
        raise UserError(INSTALL_HINT) from None
    try:
        engine = open_readonly(load_settings(db).get("NEWSCRAWL_DATABASE_URL"))
    except StoreError as error:
        raise UserError(str(error)) from None
    listener = _listening(host, port)
    if not is_loopback(host):
        click.echo(
            f"newscrawl: warning: listening on {host}: the store is readable from the network", err=True
        )
    bound_host, bound_port = listener.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(
        f"newscrawl: serving {engine.url.render_as_string(hide_password=True)} read-only at "
        f"http://{shown}:{bound_port}/ (API description at {OPENAPI_PATH}); Ctrl-C stops",
        err=True,
    )
    app = create_app(engine, loopback=is_loopback(host))
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        engine.dispose()
