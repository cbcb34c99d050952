"""County initiatives and time and resource plans: pages, the JSON API and the briefing export."""
