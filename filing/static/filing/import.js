// Shows the chosen file's name beside our translated "Choose a file" button.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("[data-import-file]");
  const filename = document.querySelector("[data-import-filename]");
  if (!input || !filename) return;
  const empty = filename.textContent;
  input.addEventListener("change", () => {
    filename.textContent = input.files[0]?.name || empty;
  });
});
