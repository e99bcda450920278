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

# Bounds on the work one file can cause, each a located error (path:line: message):
# - a brief or page file over MAX_FILE_BYTES is refused from its size on disk, before it is
#   read. A long read of 10,000 words is about 70 KB of Markdown; the limit is seven times
#   that. Python-Markdown's work grows faster than the text on some shapes (60,000 links in
#   one paragraph): at this size the worst measured build took 27 s of CPU and 140 MB, at
#   1 MB 84 s, at 10 MB (before the limit) minutes and gigabytes.
# - YAML aliases (``*name``) repeat an anchored value without repeating its text: front
#   matter whose values, with every alias expanded, come to more than MAX_YAML_EXPANDED
#   characters (each list and mapping counting one) is refused, so a small file cannot
#   expand into gigabytes of authors, sources or updates. Without aliases no front matter
#   within the file limit comes near it.
# - Markdown nested more than MAX_NESTING levels (lists, block quotes) is refused at its
#   line; nesting the Markdown converter cannot render (emphasis inside emphasis hundreds of
#   levels deep) is refused too, at the line that nests deepest, never a traceback.
MAX_FILE_BYTES = 500_000  # bytes of one brief or page file
MAX_YAML_EXPANDED = 1_000_000  # characters of front matter with its YAML aliases expanded
MAX_NESTING = 100  # levels of lists and block quotes in a body
