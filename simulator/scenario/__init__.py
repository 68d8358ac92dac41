"""The scenario: typed sections, the field table, rules, schema, migrations, files, presets."""
