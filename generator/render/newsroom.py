"""The newsroom's pages and feeds: a front page per section, a page per person and per
story, the masthead, and the RSS, Atom and JSON feeds of each section, person and story;
their JSON-LD (Person, BreadcrumbList). Planning and metadata only, no rendering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import urls
from ..config import SiteConfig
from ..model import Brief
from ..people import Person

if TYPE_CHECKING:
    from ..site import Site
    from .plan import FeedOutput, PageOutput

# The listings that have feeds: (kind of owner, folder under the site root)
KINDS = ("section", "story", "author")


def alternates(title: str, feeds: urls.Feeds) -> tuple[tuple[str, str, str], ...]:
    """A listing's three feeds as (media type, title, site path), for <link rel="alternate">."""
    return (
        ("application/rss+xml", f"{title} (RSS)", feeds.rss),
        ("application/atom+xml", f"{title} (Atom)", feeds.atom),
        ("application/feed+json", f"{title} (JSON Feed)", feeds.json),
    )


def _listing(
    first: str, items: tuple[Brief, ...], config: SiteConfig, template: str, title: str,
    description: str, data: dict[str, Any], feeds: urls.Feeds,
) -> Iterator[PageOutput]:  # fmt: skip
    from .plan import PageOutput, _paginate

    for pagination in _paginate(first, items, config.per_page):
        number = pagination.number
        suffix = f" (page {number} of {pagination.total})" if number > 1 else ""
        yield PageOutput(
            url=pagination.url(number),
            template=template,
            title=title + suffix,
            description=description,
            data={"pagination": pagination, **data},
            lastmod=max((a.updated for a in pagination.items), default=None),
            alternates=alternates(title, feeds),
        )


def pages(site: Site, config: SiteConfig) -> list[PageOutput]:
    """Section fronts and people's pages (paginated), story pages and the masthead."""
    from .plan import PageOutput

    out: list[PageOutput] = []
    for section in site.sections:
        about = section.description or f"Briefs in the {section.name} section of {config.title}."
        out += _listing(section.url, section.briefs, config, "section.html", section.name,
                        about, {"section": section}, section.feeds)  # fmt: skip
    for thread in site.stories:
        story = thread.story
        out.append(
            PageOutput(
                story.url,
                "story.html",
                story.title,
                story.summary,
                {"thread": thread},
                lastmod=thread.latest.updated,
                alternates=alternates(story.title, story.feeds),
            )
        )
    for author in site.authors:
        person = author.person
        about = (
            f"{person.name}{', ' + person.role if person.role else ''}: briefs in {config.title}."
        )
        out += _listing(person.url, author.briefs, config, "author.html", person.name, about,
                        {"author": author}, person.feeds)  # fmt: skip
    out.append(
        PageOutput(
            urls.MASTHEAD,
            "masthead.html",
            "Masthead",
            f"Who makes {config.title}, how it corrects its mistakes and how to reach it.",
            {"roles": roles(site)},
        )
    )
    return out


def feeds(site: Site) -> list[FeedOutput]:
    """The RSS, Atom and JSON feeds of every section, story and person."""
    from .plan import FeedOutput

    owners = [("section", s.slug, s.feeds) for s in site.sections]
    owners += [("story", t.story.slug, t.story.feeds) for t in site.stories]
    owners += [("author", a.person.slug, a.person.feeds) for a in site.authors]
    out = []
    for kind, slug, addresses in owners:
        for form, url in zip(("rss", "atom", "json"), addresses, strict=True):
            out.append(FeedOutput(urls.output_path(url), form, owner=(kind, slug)))
    return out


def roles(site: Site) -> tuple[tuple[str, tuple[Person, ...]], ...]:
    """The people by role (roles in the order of their first person by name; people without
    a role last), for the masthead."""
    groups: dict[str, list[Person]] = {}
    for author in sorted(site.authors, key=lambda a: (a.person.role == "", a.person.name)):
        groups.setdefault(author.person.role, []).append(author.person)
    return tuple((role, tuple(people)) for role, people in groups.items())


def person(p: Person, config: SiteConfig) -> dict[str, Any]:
    """A person's schema.org Person."""
    url = urls.absolute(config.base_url, p.url)
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


def trail(config: SiteConfig, *steps: tuple[str, str]) -> dict[str, Any]:
    """Home, then ``steps`` (name, site path), as a schema.org BreadcrumbList."""
    items = [("Home", urls.HOME), *steps]
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


def structured_data(config: SiteConfig, page: PageOutput) -> list[dict[str, Any]] | None:
    """The JSON-LD of a newsroom page, or None for any other page."""
    if page.template == "author.html":
        p = page.data["author"].person
        return [person(p, config), trail(config, (p.name, p.url))]
    if page.template == "section.html":
        section = page.data["section"]
        return [trail(config, (section.name, section.url))]
    if page.template == "story.html":
        story = page.data["thread"].story
        return [trail(config, (story.title, story.url))]
    return None


def feed_about(site: Site, config: SiteConfig, kind: str, slug: str) -> tuple[str, str, str]:
    """A listing feed's (title, page path, description)."""
    section = config.section(slug)
    if kind == "section" and section is not None:
        about = section.description or f"Briefs in the {section.name} section."
        return f"{config.title}: {section.name}", section.url, about
    if kind == "story":
        story = site.story(slug)
        return f"{config.title}: {story.title}", story.url, story.summary
    p = site.person(slug)
    return f"{config.title}: {p.name}", p.url, f"Briefs by {p.name} in {config.title}."
