/* Charts of the portal statistics (/statistik). The figures come from the
   page's JSON block, the same ones the tables under each chart show. */
(function () {
  "use strict";
  var block = document.getElementById("statistik-data");
  if (!block || typeof Chart === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var BIRU = "#187794", HIJAU = "#3c8d2f", JINGGA = "#d9822b",
      MERAH = "#b03a2e", ABU = "#9aa5ad";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var bulan = data.bulanan.map(function (r) { return r.bulan; });

  function kolom(key) { return data.bulanan.map(function (r) { return r[key]; }); }

  var builders = {
    unduhan: {type: "bar", data: {labels: bulan, datasets: [
      {label: "Unduhan", backgroundColor: BIRU, data: kolom("unduhan")},
      {label: "Unduhan CSV", backgroundColor: HIJAU, data: kolom("unduhan_csv")}]},
      options: {scales: {y: {beginAtZero: true}}}},
    unggahan: {type: "line", data: {labels: bulan, datasets: [
      {label: "CSV dibuat", borderColor: BIRU, backgroundColor: BIRU, data: kolom("csv_dibuat")},
      {label: "CSV diperbarui", borderColor: JINGGA, backgroundColor: JINGGA, data: kolom("csv_diperbarui")}]},
      options: {scales: {y: {beginAtZero: true}}}},
    kesegaran: {type: "doughnut", data: {
      labels: data.kesegaran.status.map(function (s) { return s.label; }),
      datasets: [{data: data.kesegaran.status.map(function (s) { return s.jumlah; }),
                  backgroundColor: [HIJAU, JINGGA, MERAH, "#5b2c6f", ABU]}]}}
  };
  Object.keys(builders).forEach(function (name) {
    var el = document.querySelector('canvas[data-grafik="' + name + '"]');
    if (el) { el.chart = new Chart(el, builders[name]); }
  });
  document.documentElement.setAttribute("data-statistik-grafik", "siap");
})();
