"""Images, captions and credits from the shapes real templates give them."""

from __future__ import annotations

from newscrawl.extraction import extract_article
from newscrawl.extraction.credits import split_credit
from newscrawl.extraction.dom import parse
from newscrawl.extraction.figures import find_images, lead_image_fallback

BASE = "https://example.com/news/story"


def images(body: str) -> list[tuple[str, str | None, str | None]]:
    found = find_images(parse(f"<html><body>{body}</body></html>"), BASE)
    return [(i.url.rsplit("/", 1)[-1], i.caption, i.credit) for i in found]


def test_a_caption_outside_any_figure_belongs_to_the_picture_before_it() -> None:
    page = """
    <section class="article-lead-media pad-top">
      <div class="gallery"><img src="/a.jpg"><img src="/b.jpg"><img src="/c.jpg"></div>
      <picture><img src="/lead.jpg" alt="Riders on a grid"></picture>
      <figcaption><span>The team will not race next year, Foto: LAT Images</span></figcaption>
    </section>"""
    assert images(page) == [("lead.jpg", "The team will not race next year", "LAT Images")]


def test_caption_classes_beside_an_image_count() -> None:
    page = """<ul><li><img src="/hat.jpg"><span class="img-info">Thousands came last year.
      Bild: Andreas Seidel/Archiv</span></li></ul>"""
    assert images(page) == [("hat.jpg", "Thousands came last year.", "Andreas Seidel/Archiv")]
    described = """<div><div class="detail-img__wrapper"><img src="/lindner.jpg"></div>
      <div class="detail-img__description">Christian Lindner in Berlin.</div></div>
      <div class="mediaCon"><img src="/pig.jpg">
        <span class="mediaSubtitleText">A butcher at work.</span></div>"""
    assert images(described) == [
        ("lindner.jpg", "Christian Lindner in Berlin.", None),
        ("pig.jpg", "A butcher at work.", None),
    ]
    # WordPress's media-and-text block holds story text beside a picture, not its caption.
    block = (
        '<div class="wp-block-media-text"><img src="/m.jpg">'
        '<div class="wp-block-media-text__content">A</div></div>'
    )
    assert images(block) == []


def test_teasers_and_related_boxes_are_not_the_articles_images() -> None:
    page = """
    <figure><img src="/lead.jpg"><figcaption>The flooded bridge. Photo: AP</figcaption></figure>
    <figure><a href="/news/other-story"><img src="/teaser.jpg" alt="Another story"></a></figure>
    <div class="related-stories"><figure><img src="/r.jpg"><figcaption>Read this</figcaption></figure></div>
    <figure><a href="/media/full.jpg"><img src="/thumb.jpg"></a><figcaption>Zoomable</figcaption></figure>"""
    assert images(page) == [
        ("lead.jpg", "The flooded bridge.", "AP"),
        ("thumb.jpg", "Zoomable", None),
    ]


def test_one_photo_marked_up_twice_is_one_image() -> None:
    page = """
    <figure class="mobile"><img src="/p-400.jpg"><figcaption>Firefighters at a drill
      <small>WDR</small></figcaption></figure>
    <figure class="desktop"><img src="/p-1200.jpg"><figcaption>Firefighters at a drill
      <small>WDR</small></figcaption></figure>"""
    assert images(page) == [("p-400.jpg", "Firefighters at a drill", "WDR")]


def test_alt_text_stands_in_only_for_the_lead_photos_caption() -> None:
    page = """
    <figure><img src="/lead.jpg" alt="Minister at the podium"></figure>
    <figure><img src="/second.jpg" alt="decorative swirl"></figure>"""
    assert images(page) == [("lead.jpg", "Minister at the podium", None), ("second.jpg", None, None)]


def test_a_later_caption_fills_in_an_uncaptioned_image() -> None:
    page = """
    <figure><img src="/lead.jpg"></figure>
    <figure><img src="/x.jpg"></figure>
    <div><img src="/x.jpg"><p class="imageCaption">Collectors pay up to $150,000</p></div>"""
    assert ("x.jpg", "Collectors pay up to $150,000", None) in images(page)


def test_a_page_without_pictures_has_no_images() -> None:
    assert images("<p>No pictures here.</p>") == []


def test_icons_buttons_and_embedded_json_are_not_caption_text() -> None:
    page = """
    <figure><img src="/rizal.jpg">
      <button><svg class="icon icon--caption"><title>Caption Icon</title></svg></button>
      <figcaption><span class="desc">José Rizal is the national hero.</span>
        <span class="bo-credit"><svg><title>Camera</title></svg>Foto: picture alliance</span></figcaption>
    </figure>"""
    assert images(page) == [("rizal.jpg", "José Rizal is the national hero.", "picture alliance")]


def test_cyrillic_photo_credits_and_leftover_separators_are_split_off() -> None:
    page = """
    <figure><img src="/club.jpg" alt=": Rainer de Meijer, Irene Lingg"></figure>
    <figure><img src="/kremlin.jpg">
      <figcaption>Переговоры начались утромФото: Дмитрий Азаров</figcaption></figure>"""
    assert images(page) == [
        ("club.jpg", "Rainer de Meijer, Irene Lingg", None),
        ("kremlin.jpg", "Переговоры начались утром", "Дмитрий Азаров"),
    ]


def social_image(body: str, og_image: str) -> tuple[str | None, str | None] | None:
    """Caption and credit the fallback finds for the page's social image, if any."""
    image = lead_image_fallback(parse(f"<html><body>{body}</body></html>"), BASE, og_image, None)
    return (image.caption, image.credit) if image else None


def test_structured_data_beside_the_social_image_is_not_its_caption() -> None:
    body = (
        '<div><img src="/lego.jpg"><script type="application/ld+json">{"@type": "ImageObject"}</script>'
        '<span class="caption">Lego feiert den Star-Wars-Tag.</span><span class="source">Lego</span></div>'
    )
    assert social_image(body, "https://example.com/lego.jpg") == ("Lego feiert den Star-Wars-Tag.", "Lego")


def test_a_picture_naming_the_social_image_only_in_its_sources_has_its_caption() -> None:
    body = (
        '<div class="blog--image"><picture><source srcset="/img/5b19241f/?t=crop 1x">'
        '<img data-src="/lazy.gif"></picture><p>Friedrich Merz</p><p>Foto: REUTERS/Nadja Wohlleben</p></div>'
    )
    found = social_image(body, "https://example.com/img/5b19241f/?t=crop,resize")
    assert found == ("Friedrich Merz", "REUTERS/Nadja Wohlleben")


def test_the_story_flowing_past_the_social_image_is_not_its_caption() -> None:
    story = "".join(f'<div class="paragraph">Paragraph {n} of the story goes on.</div>' for n in range(6))
    assert (
        social_image(
            f'<div class="content"><img src="/lede.jpg">{story}</div>', "https://example.com/lede.jpg"
        )
        is None
    )


def test_a_wrapper_around_the_headline_is_the_story_whatever_its_class_says() -> None:
    page = """
    <div class="container vertical-ad-con"><h1>Ministers paid their own way</h1>
      <div class="article-image-gallery"><picture><img src="/fahmi.jpg"></picture>
        <div class="image-caption">The minister speaking on Tuesday. — Picture by Yusof Mat Isa</div></div>
      <div class="ad-slot"><figure><img src="/ad.jpg"><figcaption>Buy now</figcaption></figure></div>
    </div>"""
    assert images(page) == [("fahmi.jpg", "The minister speaking on Tuesday.", "Yusof Mat Isa")]


def test_the_social_images_own_alt_text_stands_in_for_its_caption() -> None:
    tree = parse(
        '<html><body><div><picture><img src="/meteorit_v-fullhd.jpg" '
        'alt="Ein Meteorit liegt in Elmshorn © NDR Foto: Phillip Eggers"></picture></div></body></html>'
    )
    image = lead_image_fallback(tree, BASE, "https://example.com/meteorit_v-fullhd.jpg", None)
    assert image is not None
    assert image.caption == "Ein Meteorit liegt in Elmshorn"
    assert image.credit is not None and "Phillip Eggers" in image.credit
    # A quote in the image's name cannot break the search for it.
    assert lead_image_fallback(tree, BASE, 'https://example.com/a"b.jpg', "A meteorite") is not None


def test_json_ld_lends_its_credit_to_another_rendition_with_the_same_caption() -> None:
    caption = "Die zerstörte Brücke in Schuld, zwei Tage nach dem Hochwasser"
    page = f"""<html><head><title>Flutbilanz</title>
      <meta property="og:image" content="https://example.com/img/bruecke-1280.jpg">
      <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Flutbilanz",
        "image": {{"@type": "ImageObject", "url": "https://example.com/img/bruecke-1920.jpg",
                  "caption": "{caption}", "author": "AP"}}}}</script></head>
      <body><article><h1>Flutbilanz</h1>
      <picture><img src="/img/bruecke-1280.jpg" alt="{caption}"></picture>
      <p>{" ".join(["Zwei Jahre nach der Flut ist der Wiederaufbau im Tal erst halb geschafft."] * 12)}</p>
      </article></body></html>"""
    article = extract_article(page, "https://example.com/flut")
    assert (article.caption, article.image_credit) == (caption, "AP")


def test_a_gallery_carousel_gives_each_lazy_slide_its_caption_and_credit_but_teasers_give_none() -> None:
    blank = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    slide = (
        '<div class="carousel-slide"><div class="slide-media"><picture>'
        '<source data-lazy-srcset="/{n}.jpg?w=1200 1x"><img src="'
        + blank
        + '" data-flickity-lazyload="/{n}.jpg">'
        '</picture></div><div class="slide-info"><span class="slide-count">{n} of 2 | </span>'
        '<span class="slide-description"><p>{caption} (WS Photo/Jane Roe)</p></span></div></div>'
    )
    gallery = "".join(
        slide.format(n=n, caption=c) for n, c in ((1, "Boats in the harbour."), (2, "The pier at dusk."))
    )
    teasers = (
        '<div class="carousel"><a href="/news/other.html"><img src="/t.jpg"></a>'
        '<div class="slide-info">Other</div></div>'
    )
    found = images(f'<article><div class="carousel">{gallery}</div></article>{teasers}')
    assert found == [
        ("1.jpg", "Boats in the harbour.", "WS Photo/Jane Roe"),
        ("2.jpg", "The pier at dusk.", "WS Photo/Jane Roe"),
    ]


def test_a_short_credit_after_the_caption_s_last_sentence_is_split_off() -> None:
    assert split_credit("Crews at work. Kim Osei/Courier") == ("Crews at work.", "Kim Osei/Courier")
    assert split_credit("Mr. J. R. Smith speaks. J. R. Doe/AP") == ("Mr. J. R. Smith speaks.", "J. R. Doe/AP")
    # A longer tail is the caption's own sentence, slash and all.
    assert split_credit("Crews at work. The road to Riverton and Mill Street/Main Street crossing") == (
        "Crews at work. The road to Riverton and Mill Street/Main Street crossing",
        None,
    )


def test_a_caption_slot_holding_only_a_bracketed_name_holds_the_credit() -> None:
    page = '<figure><img src="/lead.jpg" alt=""><figcaption><span>(Courier)</span></figcaption></figure>'
    assert images(page) == [("lead.jpg", None, "Courier")]
    # A longer bracketed text is a caption's aside, not a credit.
    aside = "(The ferry at the island pier on its first crossing after the refit)"
    assert images(page.replace("(Courier)", aside)) == [("lead.jpg", aside, None)]


def test_a_credit_keeps_the_brackets_that_belong_to_it() -> None:
    page = """<figure><img src="/deck.jpg"><figcaption><span>The upper deck.</span>
      <div class="figure-credit">Photo: Tom Berg (Courier)</div></figcaption></figure>
      <figure><img src="/pier.jpg"><figcaption>The pier. <small>[Nora Lind]</small></figcaption></figure>"""
    assert images(page) == [
        ("deck.jpg", "The upper deck.", "Tom Berg (Courier)"),
        ("pier.jpg", "The pier.", "Nora Lind"),
    ]


def test_a_box_of_a_slideshows_captions_is_not_one_caption() -> None:
    page = """
    <figure><img src="/deck.jpg?w=800"><figcaption>The upper deck.</figcaption></figure>
    <figure><img src="/ramp.jpg?w=800"><figcaption>The new ramp.</figcaption></figure>
    <div class="lightbox"><div class="slides"><figure><img src="/ramp.jpg"></figure></div>
      <div class="caption-container">
        <div class="slide"><figcaption>The upper deck.</figcaption></div>
        <div class="slide"><figcaption>The new ramp.</figcaption></div>
      </div></div>"""
    assert images(page) == [
        ("deck.jpg?w=800", "The upper deck.", None),
        ("ramp.jpg?w=800", "The new ramp.", None),
        ("ramp.jpg", None, None),
    ]
    # One caption's box may hold its credit in a <figcaption> of its own.
    credited = """<div class="media"><img src="/harbour.jpg"></div>
      <div class="caption"><figcaption>The harbour at dawn.</figcaption>
        <figcaption itemprop="author">Photo: Nora Lind</figcaption></div>"""
    assert images(credited) == [("harbour.jpg", "The harbour at dawn.", "Nora Lind")]


def test_a_media_info_box_holds_the_caption_and_its_image_rights() -> None:
    page = """<div class="mediaCon"><div class="media"><img src="/ferry.jpg"></div>
      <div class="mediaInfo"><span class="mediaSubtitleText">The ferry at the north pier.</span>
        <span class="mediaRights">Bildrechte: Kurier/Jana Roth</span></div></div>
      <div class="mediaCon"><div class="media"><img src="/deck.jpg"></div>
      <div class="mediaInfo"><p class="infotext">Passengers on the upper deck.</p></div></div>"""
    assert images(page) == [
        ("ferry.jpg", "The ferry at the north pier.", "Kurier/Jana Roth"),
        ("deck.jpg", "Passengers on the upper deck.", None),
    ]
    assert split_credit("The ferry at the north pier. Bildrechte: Kurier") == (
        "The ferry at the north pier.",
        "Kurier",
    )


def test_a_label_only_screen_readers_get_is_not_caption_text() -> None:
    page = """<figure><img src="/pier.jpg"><div class="media-caption">
      <span class="h-offscreen">Legende:</span>
      <span class="media-caption__description">The pier is made longer.</span>
      <span class="media-caption__source">Kurier/Timo Berg</span></div></figure>"""
    assert images(page) == [("pier.jpg", "The pier is made longer.", "Kurier/Timo Berg")]


def test_the_photographers_name_before_the_bracketed_agency_is_part_of_the_credit() -> None:
    assert split_credit("The camp in August. Ines Vidal (dpa/Getty)") == (
        "The camp in August.",
        "Ines Vidal (dpa/Getty)",
    )
    # Two elements run together without a space.
    assert split_credit("The camp in August.Ines Vidal (AFP)") == ("The camp in August.", "Ines Vidal (AFP)")
    # Words of the caption's own sentence stay in it.
    assert split_credit("Workers build the camp near the port (AFP/Getty)") == (
        "Workers build the camp near the port",
        "AFP/Getty",
    )


def test_indonesian_and_zulu_credit_labels_are_split_off() -> None:
    assert split_credit("Para lulusan di aula kampus(Dok. Sekolah Pelabuhan)") == (
        "Para lulusan di aula kampus",
        "Dok. Sekolah Pelabuhan",
    )
    assert split_credit("Izikebhe ezintsha ethekwini. Isithombe: Kurir") == (
        "Izikebhe ezintsha ethekwini.",
        "Kurir",
    )
