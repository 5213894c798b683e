"""HR views, one module per concept: slots, placements, citizens, frikort, import."""
