"""`make bench`: newscrawl's figures beside a comparator measured in the same run."""
