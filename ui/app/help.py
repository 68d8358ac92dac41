"""The in-app explanation of the model (kept in step with README and MODEL.md)."""

MODEL_HELP = """\
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
crossover compares revenue, not profit, with capex."""
