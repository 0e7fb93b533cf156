// "Copy" buttons for the blocks of the "Cite this record" section (class archive-cite-copy).
document.addEventListener("DOMContentLoaded", () => {
  for (const block of document.querySelectorAll(".archive-cite-copy")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "archive-cite-copy-button";
    button.textContent = "Copy";
    button.addEventListener("click", async () => {
      const source = block.querySelector("pre") || block.querySelector("p");
      try {
        await navigator.clipboard.writeText(source.innerText.trim());
        button.textContent = "Copied";
      } catch (err) {
        button.textContent = "Select and copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
    block.prepend(button);
  }
});
