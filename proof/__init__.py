"""`make proof`: the longer reliability runs whose figures land in docs/reliability.md."""
