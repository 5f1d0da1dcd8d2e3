"""The resilience stage: what happens when a platform or its owner dies, and the fix."""
