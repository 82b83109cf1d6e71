"""`python -m sfnctl`."""

from sfnctl.entry import main

if __name__ == "__main__":
    main()
