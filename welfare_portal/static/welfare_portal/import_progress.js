// Polls an import job's status and moves its progress bar; reloads the page when the job has finished (or
// failed: the reloaded page says why, e.g. that the background worker stopped and nothing was changed).
(function () {
  const script = document.currentScript;
  const url = script.dataset.statusUrl;
  const bar = document.getElementById("progress");
  const stage = document.getElementById("stage");
  async function poll() {
    try {
      const data = await (await fetch(url, { headers: { Accept: "application/json" } })).json();
      if (!data.running) {
        if (data.message) { stage.textContent = data.message; stage.setAttribute("role", "alert"); }
        window.location.reload();
        return;
      }
      bar.value = data.percent;
      const rows = data.total ? ` ${data.done.toLocaleString("th-TH")} / ${data.total.toLocaleString("th-TH")} แถว` : "";
      stage.textContent = data.stage + rows;
    } catch (error) {
      stage.textContent = "กำลังเชื่อมต่อใหม่…";
    }
    setTimeout(poll, 800);
  }
  setTimeout(poll, 400);
})();
