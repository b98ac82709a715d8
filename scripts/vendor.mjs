// Copies the front-end files the platform serves out of node_modules into the static folder.
// Run by `npm run build` (scripts/setup does); the copies are not committed.
import { cpSync, mkdirSync } from "node:fs";

const target = "src/guidance_ethics/core/static/vendor";
const files = {
  "node_modules/@utrecht/component-library-css/dist/index.css": "utrecht-components.css",
  "node_modules/@utrecht/design-tokens/dist/theme.css": "utrecht-theme.css",
};
// Noto Sans, embedded in the PDF reports so that they look the same on every machine.
for (const face of ["400-normal", "400-italic", "700-normal", "700-italic"]) {
  files[`node_modules/@fontsource/noto-sans/files/noto-sans-latin-${face}.woff`] =
    `fonts/noto-sans-latin-${face}.woff`;
}
mkdirSync(`${target}/fonts`, { recursive: true });
for (const [source, name] of Object.entries(files)) {
  cpSync(source, `${target}/${name}`);
}
console.log(`vendored ${Object.keys(files).length} files into ${target}`);
