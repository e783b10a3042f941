"""brandhall: 一支部一品牌 exhibition sites from per-branch YAML files."""

__version__ = "0.1.0"
