// GOV.UK Frontend behaviour (menus, error summaries) and the charts, all from files served by this service.
import { initAll } from "/assets/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

function drawCharts(root) {
  if (typeof window.Chart === "undefined") return;
  root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    if (canvas.dataset.drawn) return;
    const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: spec.stacked ? { x: { stacked: true }, y: { stacked: true } } : {},
        plugins: { legend: { display: spec.datasets.length > 1 } },
      },
    });
  });
}

drawCharts(document);
document.body.addEventListener("htmx:afterSwap", (event) => drawCharts(event.target));
