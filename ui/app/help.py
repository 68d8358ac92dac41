"""The in-app explanation of the model (kept in step with README and MODEL.md) and the
About box's text. Paragraphs are not hard-wrapped: the dialog wraps them to its width."""

from __future__ import annotations

import platform

from simulator.about import APP_NAME, doc_path, version


def _unwrap(text: str) -> str:
    """Each paragraph on one line (the dialog wraps), paragraphs apart."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


MODEL_HELP = _unwrap("""\
The programme spends its total capex over its years (the year split) and
categories (shares). Each category's spend enters service after its lag and is
depreciated straight-line over its life.

Core cloud revenue and AI demand grow at the yearly rates given (the last rate
holds afterwards). AI revenue served today is kept up outside the programme; the
programme's in-service capacity assets add capacity worth 'yield' of revenue a
year per unit, at the compute prices of the quarter they were bought in (prices
fall by the price decline a year, so later hardware buys more capacity).

Programme revenue is the AI demand above today's level that the programme's own
capacity serves. Its cash flow is EBITDA less tax on EBIT less capex; NPV
discounts it at the discount rate, with the book value at the horizon's end as
residual value when switched on.

Simplifications: book value stands in for the residual value, including assets
not yet in service; there is no working capital, no ramp of utilisation and no
replacement capex; tax depreciation equals book depreciation; the revenue
crossover compares revenue, not profit, with capex.""")


def about_text(qt_version: str) -> str:
    """The About box: name, version, what runs it and where the documentation is."""
    return (
        f"<h3>{APP_NAME} {version()}</h3>"
        "<p>A desktop simulator for large cloud and AI infrastructure programmes: what the "
        "spend costs, what it earns, whether and when it pays back, and how uncertain that "
        "is. Its first case is Alibaba's 380 bn yuan cloud and AI capex plan of 2025.</p>"
        f"<p>Version {version()} &middot; Python {platform.python_version()} &middot; "
        f"Qt {qt_version}</p>"
        f"<p>Documentation: {doc_path('README.md')}</p>"
    )
