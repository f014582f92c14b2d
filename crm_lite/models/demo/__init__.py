"""The demo's tables (its company, customers, chances and services) and the
story that replays them (story.py and its steps); models/demo_loader.py runs it."""
