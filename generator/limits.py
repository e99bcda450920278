"""Size limits on content, so no brief can make the build fail or run away.

Slugs become folder names in the output ("briefs/<slug>/", "tags/<slug>/", "<slug>/"), and
most file systems refuse a name over 255 bytes. Slugs are ASCII (a-z, 0-9 and '-'), so one
character is one byte: at 100 the longest output path inside the site,
"tags/<100>/page/999/index.html", is 125 characters, far below a name's 255 bytes
and leaving room for the output folder under Windows' classic 260-character path limit.
A real slug is a handful of words.

Tag names are shown in pages and feeds, and their URL slug is checked against the slug limit
on its own (a name in another script can transliterate to a much longer slug). A tag is a
topic, not a sentence: 80 characters is twice a long one ("Intergovernmental Panel on
Climate Change" is 41). Newsrooms put three to ten tags on a story; 25 per brief
leaves room and bounds what one brief adds to the build: the brief is an item of each of its
tags' feeds, and every item lists all the brief's tags, so its share of the tag feeds grows
with the square of its tag count (25 tags: 625 categories; 2,000 tags: four million).
"""

from __future__ import annotations

MAX_SLUG_LENGTH = 100  # characters of a brief's, page's or tag's URL slug
MAX_TAG_LENGTH = 80  # characters of a tag's name
MAX_TAGS = 25  # tags on one brief
