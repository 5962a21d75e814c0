// Progressive enhancement only: every page works without this file.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
export { csrf };
