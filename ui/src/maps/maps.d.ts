// Vite's `?raw` import: the file's text.
declare module "*?raw" {
  const text: string;
  export default text;
}
