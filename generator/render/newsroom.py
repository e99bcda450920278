"""What the newsroom's pages say besides their templates: their JSON-LD (Person,
BreadcrumbList), the feeds' titles and descriptions, the masthead's roles and the section
the navigation marks. The pages and feeds themselves are planned in ``plan.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import urls
from ..config import SiteConfig
from ..i18n import Catalogue
from ..people import Author

if TYPE_CHECKING:
    from ..site import Site

# The listings that have feeds: (kind of owner, folder under the site root)
KINDS = ("section", "story", "author")


def alternates(title: str, feeds: urls.Feeds) -> tuple[tuple[str, str, str], ...]:
    """A listing's three feeds as (media type, title, site path), for <link rel="alternate">."""
    return (
        ("application/rss+xml", f"{title} (RSS)", feeds.rss),
        ("application/atom+xml", f"{title} (Atom)", feeds.atom),
        ("application/feed+json", f"{title} (JSON Feed)", feeds.json),
    )


def current_section(site: Any, data: dict[str, Any]) -> Any:
    """The section a page is in (its own front, or a brief's section) as the navigation
    links it, or None; ``data``: what the page is made from. Only the section's name and
    page are read, so a brief's page does not depend on its section's other briefs."""
    if "section" in data:
        return data["section"].link
    brief = data.get("brief")
    return site.section_link(brief.section) if brief is not None and brief.section else None


def roles(site: Site) -> tuple[tuple[str, tuple[Author, ...]], ...]:
    """The people by role (roles in the order of their first person by name; people without
    a role last), for the masthead; each with their page in the edition."""
    groups: dict[str, list[Author]] = {}
    for author in sorted(site.authors, key=lambda a: (a.person.role == "", a.person.name)):
        groups.setdefault(author.person.role, []).append(author)
    return tuple((role, tuple(people)) for role, people in groups.items())


def person(author: Author, config: SiteConfig) -> dict[str, Any]:
    """A person's schema.org Person, with their page in the edition."""
    p = author.person
    url = urls.absolute(config.base_url, author.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url + "#person",
        "name": p.name,
        "url": url,
    }
    if p.role:
        data["jobTitle"] = p.role
    if p.same_as:
        data["sameAs"] = list(p.same_as)
    if p.photo:
        data["image"] = urls.absolute(config.base_url, p.photo_url)
    if p.email:
        data["email"] = p.email
    data["worksFor"] = {"@id": config.base_url + "#publisher"}
    return data


def trail(config: SiteConfig, c: Catalogue, prefix: str, *steps: tuple[str, str]) -> dict[str, Any]:
    """The edition's home, then ``steps`` (name, site path), as a schema.org BreadcrumbList;
    "Home" in the edition's language (``c``)."""
    home = c.text("breadcrumb_home")
    items = [(home, urls.edition_urls(prefix)["home"]), *steps]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": name,
                "item": urls.absolute(config.base_url, url),
            }
            for number, (name, url) in enumerate(items, start=1)
        ],
    }


def structured_data(config: SiteConfig, page: Any, c: Catalogue) -> list[dict[str, Any]] | None:
    """The JSON-LD of a newsroom page, or None for any other page."""
    prefix = f"/{page.edition}" if page.edition else ""
    if page.template == "author.html":
        author = page.data["author"]
        masthead = (c.text("masthead_title"), prefix + urls.MASTHEAD)
        return [
            person(author, config),
            trail(config, c, prefix, masthead, (author.person.name, author.url)),
        ]
    if page.template == "section.html":
        section = page.data["section"]
        return [trail(config, c, prefix, (section.name, section.url))]
    if page.template == "story.html":
        thread = page.data["thread"]
        return [trail(config, c, prefix, (thread.story.title, thread.url))]
    return None


def feed_about(
    site: Site, config: SiteConfig, kind: str, slug: str, c: Catalogue
) -> tuple[str, str, str]:
    """A listing feed's (title, page path, description), in the edition's language."""
    if kind == "section":
        section = next(s for s in site.sections if s.slug == slug)
        about = section.description or c.text(
            "section_description", section=section.name, site=config.title
        )
        return f"{config.title}: {section.name}", section.url, about
    if kind == "story":
        thread = site.thread(slug)
        return f"{config.title}: {thread.story.title}", thread.url, thread.story.summary
    author = site.author(slug)
    name = author.person.name
    return (
        f"{config.title}: {name}",
        author.url,
        c.text("author_feed_description", name=name, site=config.title),
    )
