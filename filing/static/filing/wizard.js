// Behaviour of the filing wizard: ticking rows, the live headcount warning,
// generated-document progress and scan uploads with a progress bar. Every
// form still works without this script; it only makes them quicker to use.
(function () {
  "use strict";

  const strings = JSON.parse(
    document.getElementById("wizard-strings")?.textContent || "{}",
  );

  function text(key, values) {
    let message = strings[key] || "";
    for (const [name, value] of Object.entries(values || {})) {
      message = message.replace(`%(${name})s`, value);
    }
    return message;
  }

  // Step 2: tick boxes.
  function setUpSelection(form) {
    const boxes = () => Array.from(form.querySelectorAll("[data-tick]"));
    const tickAll = form.querySelector("[data-tick-all]");
    const counter = form.querySelector("[data-ticked-count]");
    const needTicks = form.querySelectorAll("[data-needs-ticks]");

    function refresh() {
      const ticked = boxes().filter((box) => box.checked).length;
      needTicks.forEach((button) => (button.disabled = ticked === 0));
      if (counter) counter.textContent = ticked ? text("ticked", { count: ticked }) : "";
      if (tickAll) {
        tickAll.checked = ticked > 0 && ticked === boxes().length;
        tickAll.indeterminate = ticked > 0 && ticked < boxes().length;
      }
    }

    tickAll?.addEventListener("change", () => {
      boxes().forEach((box) => (box.checked = tickAll.checked));
      refresh();
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches("[data-tick]")) refresh();
    });
    refresh();
  }

  // Step 2: the filters narrow the tab on show. Wagtail's filter form knows
  // nothing of tabs, so without this a filter on the selected tab would swap
  // in the candidates instead.
  function keepTabInFilters() {
    const tab = document.querySelector("[data-wizard-tab]")?.dataset.wizardTab;
    const form = document.querySelector("[data-search-form]");
    if (!tab || !form || form.querySelector("input[name='tab']")) return;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "tab";
    input.value = tab;
    form.append(input);
  }

  // Step 1: the suggested title and the live headcount warning.
  function setUpBasicInformation() {
    document.querySelectorAll("[data-use-suggested-title]").forEach((button) => {
      button.addEventListener("click", () => {
        const input = document.getElementById(button.dataset.useSuggestedTitle);
        const suggestion = document.querySelector("[data-suggested-title]");
        if (input && suggestion) {
          input.value = suggestion.textContent.trim();
          input.focus();
        }
      });
    });

    const counters = document.querySelector("[data-wizard-counters]");
    const headcount = document.querySelector("input[name='declared_headcount']");
    const warning = document.querySelector("[data-headcount-warning]");
    if (counters && headcount && warning) {
      const selected = Number(counters.dataset.selected);
      headcount.addEventListener("input", () => {
        warning.hidden = Number(headcount.value) === selected;
      });
    }
  }

  // Step 3: generated documents render in the background; follow them.
  function setUpDocument(card) {
    const state = card.querySelector("[data-document-state]");
    const progress = card.querySelector("[data-document-progress]");
    const download = card.querySelector("[data-document-download]");
    const form = card.querySelector("[data-document-request]");
    const statusUrl = card.dataset.statusUrl;

    function show(data) {
      const busy = data.status === "queued" || data.status === "rendering";
      progress.hidden = !busy;
      const ready = data.status === "ready" && !data.stale;
      download.hidden = !ready;
      if (ready) state.textContent = text("ready", { pages: data.pages });
      else if (data.status === "failed") state.textContent = data.error || text("failed");
      else if (busy) state.textContent = text(data.status);
      return busy;
    }

    function poll() {
      fetch(statusUrl, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((data) => {
          if (show(data)) window.setTimeout(poll, 1000);
        })
        .catch(() => (state.textContent = text("offline")));
    }

    function request() {
      show({ status: "queued" });
      fetch(statusUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      })
        .then((response) => response.json())
        .then((data) => {
          if (show(data)) window.setTimeout(poll, 500);
        })
        .catch(() => (state.textContent = text("offline")));
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      request();
    });

    const status = card.dataset.status;
    if (status === "queued" || status === "rendering") poll();
    else if (card.dataset.stale === "true" && status !== "failed") request();
  }

  // Step 3: scans upload with a progress bar.
  // After an upload only its own slot is redrawn: a reload would drop the
  // files already chosen in the other slots.
  function refreshSlot(form) {
    fetch(window.location.href, { headers: { Accept: "text/html" } })
      .then((response) => response.text())
      .then((html) => {
        const page = new DOMParser().parseFromString(html, "text/html");
        const fresh = page.querySelector(`[data-upload="${form.dataset.upload}"]`);
        if (!fresh) throw new Error("slot missing");
        form.replaceWith(fresh);
        setUpUpload(fresh);
      })
      .catch(() => window.location.reload());
  }

  function setUpUpload(form) {
    const input = form.querySelector("input[type='file']");
    const filename = form.querySelector("[data-upload-filename]");
    input.addEventListener("change", () => {
      filename.textContent = input.files[0]?.name || text("noFile");
    });
    const progress = form.querySelector("[data-upload-progress]");
    const percent = form.querySelector("[data-upload-percent]");
    const errors = form.querySelector("[data-upload-errors]");
    const maxBytes = Number(strings.maxBytes);

    function showErrors(messages) {
      errors.replaceChildren(
        ...messages.map((message) => {
          const item = document.createElement("li");
          item.textContent = message;
          return item;
        }),
      );
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const file = input.files[0];
      if (!file) return showErrors([text("chooseFile")]);
      if (maxBytes && file.size > maxBytes) return showErrors([text("tooLarge")]);
      showErrors([]);

      const request = new XMLHttpRequest();
      request.open("POST", window.location.href);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (progressEvent) => {
        if (!progressEvent.lengthComputable) return;
        const value = Math.round((100 * progressEvent.loaded) / progressEvent.total);
        progress.value = value;
        percent.textContent = `${value}%`;
      });
      request.addEventListener("load", () => {
        let data = {};
        try {
          data = JSON.parse(request.responseText);
        } catch (error) {
          data = { ok: false, errors: [text("uploadFailed")] };
        }
        if (data.ok) {
          refreshSlot(form);
        } else {
          progress.hidden = true;
          percent.textContent = "";
          showErrors(data.errors || [text("uploadFailed")]);
        }
      });
      request.addEventListener("error", () => {
        progress.hidden = true;
        showErrors([text("uploadFailed")]);
      });
      progress.hidden = false;
      progress.value = 0;
      request.send(new FormData(form));
    });
  }

  // Step 2: the full ID number, for those allowed; the server logs each one.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-reveal-id-number]");
    if (!button) return;
    const token = document.querySelector("[name='csrfmiddlewaretoken']").value;
    fetch(button.dataset.revealIdNumber, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    })
      .then((response) => response.json())
      .then((data) => {
        if (!data.id_number) return;
        button.previousElementSibling.textContent = data.id_number;
        button.remove();
      });
  });

  document.addEventListener("DOMContentLoaded", () => {
    setUpBasicInformation();
    keepTabInFilters();
    document.querySelectorAll("[data-wizard-selection]").forEach(setUpSelection);
    document.querySelectorAll("[data-document]").forEach(setUpDocument);
    document.querySelectorAll("[data-upload]").forEach(setUpUpload);
    document.querySelectorAll("[data-confirm]").forEach((button) => {
      button.addEventListener("click", (event) => {
        if (!window.confirm(button.dataset.confirm)) event.preventDefault();
      });
    });
  });

  // Step 2's listing is replaced when filters change; wire up the new rows.
  document.addEventListener("w-swap:success", () => {
    document.querySelectorAll("[data-wizard-selection]").forEach(setUpSelection);
  });
})();
