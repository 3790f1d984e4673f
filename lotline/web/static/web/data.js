// The /data/ page: offer only the chosen kind's fields in the column-mapping selects.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("import-form");
  if (!form) return;
  const kindSelect = form.querySelector("select[name=kind]");
  const fieldsByKind = JSON.parse(document.getElementById("import-fields").textContent);
  const refresh = () => {
    const allowed = new Set(fieldsByKind[kindSelect.value] || []);
    form.querySelectorAll("select[name^=map_to_]").forEach((select) => {
      select.querySelectorAll("option").forEach((option) => {
        option.hidden = option.value !== "" && !allowed.has(option.value);
      });
      if (select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = "";
    });
  };
  kindSelect.addEventListener("change", refresh);
  refresh();
});
