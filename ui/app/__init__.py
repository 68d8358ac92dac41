"""Starting the app: Qt's environment, the crash hook, recent files, help text, folders."""
