"""Citation rules (QZ3xx): each citation well formed, its category label agreeing with how the source was issued."""
