"""`python -m sfnctl`."""

from sfnctl.cli import main

if __name__ == "__main__":
    main()
