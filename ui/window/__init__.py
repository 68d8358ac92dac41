"""The main window's shell: actions table, menus, scenario tabs, view tabs, exports."""
