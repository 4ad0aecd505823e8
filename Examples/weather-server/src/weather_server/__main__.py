"""Allow ``python -m weather_server``."""

from weather_server.server import main

main()
