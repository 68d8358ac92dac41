"""Cloud Capex Simulator's Qt user interface.

``app`` starts it, ``document`` holds the open scenarios and their projection,
``window`` is the main window's shell, ``inputs`` the Assumptions dock, ``charts``
the pyqtgraph charts, ``views`` one package per tab, ``export`` the off-screen
rendering, the exporters and the PDF report, ``common`` what several of them share.
"""
