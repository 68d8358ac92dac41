"""Several open scenarios side by side: KPI table, input diff, NPV waterfall, overlays."""
