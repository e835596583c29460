"""Demo data that looks like Xinjiang's real title reviews: `manage.py load_demo_data`.

`data` and `names` hold the lists, `generate` turns them into rows with a
seeded random generator and no database, and `load` writes those rows.
"""
