"""Pure rules about newsletter campaigns: rendering, links, headers, batching, schedule, states."""
