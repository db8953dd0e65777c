"""Speed and memory benchmarks: `make bench` (or `python -m benchmarks [NAME…]`)."""
