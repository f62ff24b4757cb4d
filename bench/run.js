// Runs every benchmark in turn. Each prints the machine it ran on and its numbers.
await import('./twin.js');
await import('./features.js');
await import('./import.js');
await import('./generate.js');
await import('./trees.js');
