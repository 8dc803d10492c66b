/** esbuild turns the entry's CSS import into a separate console.<hash>.css; TypeScript only needs to allow it. */
declare module '*.css';
