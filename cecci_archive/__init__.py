"""The CECCI Forum Archive: a Sphinx extension that turns validated records into a cross-referenced site.

The pipeline, in the order ``setup`` wires it:

1. ``source-read`` (:mod:`.sourceread`): read a record's YAML front matter, validate it against its
   schema (:mod:`.schema`), store the record in the domain, and replace the front matter with a
   generated title and placeholders.
2. The ``archive`` domain (:mod:`.domain`) keeps records keyed by document; roles and
   ``resolve_any_xref`` link them; ``check_consistency`` runs the cross-record checks (:mod:`.checks`).
3. ``env-updated``: derive the graph (:mod:`.graph`) once, and rewrite every page whose derived
   content changed.
4. ``doctree-resolved`` (:mod:`.render`): fill placeholders with infoboxes, relations, sources and listings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import browse, network, nodes, render, search, searchentries, sourceread, timeline, topics
from .citepage import CiteDirective, add_static, fill_cite, on_env_updated, record_cite, write_cite_files
from .dataset import DatasetDirective, SettingDirective, write_dataset
from .domain import ArchiveDomain
from .loader import on_env_before_read_docs
from .metadata import escape_theme_title, on_html_page_context
from .redirects import write_redirects
from .revision import on_env_get_outdated

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__version__ = "0.1.0"


def _derive(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    return domain.derive()


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")

    # configuration
    app.add_config_value("archive_name", "CECCI Forum Archive", "html", str)
    app.add_config_value("archive_rights", "", "html", str)

    # records as domain objects, with roles, directives and indices
    app.add_domain(ArchiveDomain)
    for node in nodes.PLACEHOLDERS:
        app.add_node(node, **nodes.visitors())

    # the pipeline
    app.connect("env-before-read-docs", on_env_before_read_docs)  # files that are not UTF-8
    app.connect("source-read", sourceread.on_source_read)
    app.connect("env-updated", _derive)
    app.connect("doctree-resolved", render.fill_placeholders)
    app.connect("html-collect-pages", searchentries.restore_entries)  # sphinx#12599: keep index entries

    # search: mark each page's article for Pagefind, then index the built site
    app.connect("html-page-context", search.mark_page)
    app.connect("build-finished", search.build_index)

    # citable records: cite section and files, meta tags and JSON-LD, revisions, redirects, dataset
    app.add_directive_to_domain("archive", "cite", CiteDirective)
    app.add_directive_to_domain("archive", "dataset", DatasetDirective)
    app.add_directive_to_domain("archive", "setting", SettingDirective)
    app.add_node(record_cite, **nodes.visitors())
    app.connect("builder-inited", add_static)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)  # after the graph is derived
    app.connect("doctree-resolved", fill_cite)
    app.connect("html-page-context", on_html_page_context)
    app.connect("html-page-context", escape_theme_title, priority=900)  # after the theme sets it
    app.connect("build-finished", write_cite_files)
    app.connect("build-finished", write_redirects)
    app.connect("build-finished", write_dataset)

    # browsing: timeline, topics, relationship graphs on record pages and of the whole archive
    for name, directive in (("timeline", timeline.TimelineDirective), ("topics", topics.TopicsDirective),
                            ("network", network.NetworkDirective), ("whole-network", network.WholeNetworkDirective)):
        app.add_directive_to_domain("archive", name, directive)
    for node in (timeline.timeline, topics.topics_listing, network.record_network, network.whole_network):
        app.add_node(node, **nodes.visitors())
    app.connect("env-updated", browse.refresh, priority=600)
    app.connect("env-updated", network.precompute_positions, priority=600)  # kept while the structure holds
    app.connect("doctree-resolved", network.fill_graphs)
    app.connect("doctree-resolved", timeline.fill_timeline)
    app.connect("doctree-resolved", topics.fill_topics)

    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
