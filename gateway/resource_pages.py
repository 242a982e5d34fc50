"""/resources: the clinic's articles, their index by condition, and each clinician's page of what they wrote."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, render_template

from gateway.about_pages import cacheable
from gateway.article_rendering import article_html
from gateway.article_structured_data import article_data, collection_data
from gateway.clinic_structured_data import clinic_data
from gateway.resource_library import ResourceLibrary, author_url, load_resource_library, slugify
from services.kit.clinic_context import clinic_profile
from services.kit.page_meta import PageMeta


def install_resource_pages(app: Flask) -> None:
    """Load the articles (a broken file stops the app starting) and serve their pages."""
    app.extensions["resource_library"] = load_resource_library(clinic_profile(app))
    app.jinja_env.globals.update(author_url=author_url)

    @app.get("/resources")
    def resources_index() -> Response:
        """List every article, grouped by the conditions they cover."""
        library = resource_library(current_app)
        meta = PageMeta(
            title=f"Articles on depression, postpartum depression and treatment · {clinic_profile(current_app).name}",
            description="Plain-language articles written and reviewed by our clinicians: postpartum depression in "
            "mothers and fathers, ketamine and breastfeeding, and when to seek help now.",
            path="/resources",
            structured=(collection_data("Articles", "/resources", library.articles, public_url()),),
        )
        return cacheable(render_template("resources/index.html", library=library, meta=meta))

    @app.get("/resources/<slug>")
    def article_page(slug: str) -> Response:
        """Show one article with its byline, review date, sources and the ways to take a next step."""
        library = resource_library(current_app)
        article = library.article(slug)
        if article is None:
            abort(404)
        meta = PageMeta(
            title=f"{article.title} · {clinic_profile(current_app).name}",
            description=article.summary,
            path=article.url,
            og_type="article",
            structured=(article_data(article, public_url()), clinic_data(clinic_profile(current_app), public_url())),
        )
        return cacheable(
            render_template("resources/article.html", article=article, body=article_html(article), meta=meta)
        )

    @app.get("/resources/conditions/<slug>")
    def condition_page(slug: str) -> Response:
        """List the articles about one condition."""
        library = resource_library(current_app)
        condition = library.condition(slug)
        if condition is None:
            abort(404)
        articles = library.about(condition)
        meta = PageMeta(
            title=f"Articles about {condition.label.lower()} · {clinic_profile(current_app).name}",
            description=f"Our clinicians' articles about {condition.label.lower()}: what to look for, "
            "what helps, and where to get help.",
            path=condition.url,
            structured=(collection_data(condition.label, condition.url, articles, public_url()),),
        )
        return cacheable(
            render_template(
                "resources/condition.html", library=library, condition=condition, articles=articles, meta=meta
            )
        )

    @app.get("/resources/authors/<slug>")
    def author_page(slug: str) -> Response:
        """Introduce one clinician and list the articles they wrote or reviewed."""
        clinic = clinic_profile(current_app)
        person = next((p for p in clinic.clinicians if slugify(p.name) == slug), None)
        if person is None:
            abort(404)
        library = resource_library(current_app)
        articles = library.by(person)
        meta = PageMeta(
            title=f"{person.display_name}, {person.role} · {clinic.name}",
            description=f"{person.display_name} ({person.role}) at {clinic.name}, "
            "and the articles they wrote or reviewed.",
            path=author_url(person),
            og_type="profile",
            structured=(collection_data(person.display_name, author_url(person), articles, public_url()),),
        )
        return cacheable(render_template("resources/author.html", person=person, articles=articles, meta=meta))


def resource_library(app: Flask) -> ResourceLibrary:
    """The articles an app loaded."""
    return app.extensions["resource_library"]  # type: ignore[no-any-return]


def public_url() -> str:
    """The site's public address (PUBLIC_URL), for canonical links and structured data."""
    return current_app.extensions["gateway_settings"].public_url  # type: ignore[no-any-return]
