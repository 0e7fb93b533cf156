"""Sphinx configuration of the CECCI Forum Archive. Records live in events/, speakers/, organisations/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

project = "CECCI Forum Archive"
author = "CECCI Forum Archive contributors"
copyright = "CECCI (source content); archive structure by its contributors"

extensions = ["myst_parser", "sphinxcontrib.bibtex", "cecci_archive"]

root_doc = "index"
smartquotes = False  # names and titles are shown exactly as the source writes them
source_suffix = {".md": "markdown"}
exclude_patterns = [
    "_build", ".venv", "venv", "tests", "bench", "build", "*.egg-info", ".github", ".ci",
    "README.md", "CONTRIBUTING.md", "CITATION.cff", ".pytest_cache", ".ruff_cache", "node_modules",
]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

archive_name = project
archive_rights = (
    "图片及内容版权归CECCI所有,如发现侵权或盗用行为将追究法律责任 / "
    "All images and content are the property of CECCI. Any unauthorised use or infringement "
    "will result in legal action."
)

# The absolute URL the archive is published at: canonical links, citations, JSON-LD and the dataset
# use it. No public address of the archive is known yet, so the default is a placeholder; set the
# environment variable ARCHIVE_BASEURL when building the published site.
html_baseurl = os.environ.get("ARCHIVE_BASEURL", "https://archive.example.org/")

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
templates_path = ["_templates"]  # search page and layout wired to Pagefind (cecci_archive/search.py)
html_context = {"default_mode": "auto"}  # the theme logs a console error when no mode is set
html_css_files = ["archive.css", "graph.css"]
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": True,
    "search_bar_text": "Search the archive…",
    "extra_footer": (
        '<p class="archive-rights">Source content: 图片及内容版权归CECCI所有,如发现侵权或盗用行为将追究法律责任. '
        "All images and content are the property of CECCI. Any unauthorised use or infringement "
        "will result in legal action.</p>"
    ),
}
