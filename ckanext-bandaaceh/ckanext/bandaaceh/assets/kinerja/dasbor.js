/* Charts of the executive dashboard (/dasbor). The figures come from the
   page's JSON block, the same ones the tables under each chart show. */
(function () {
  "use strict";
  var block = document.getElementById("dasbor-data");
  if (!block || typeof Chart === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var BIRU = "#187794", HIJAU = "#3c8d2f", JINGGA = "#d9822b", ABU = "#9aa5ad";
  // print: no animation, so the charts are complete when the page is printed
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function kanvas(name) {
    return document.querySelector('canvas[data-grafik="' + name + '"]');
  }

  var builders = {
    tren: function (el) {
      var rows = data.tren;
      return new Chart(el, {
        type: "line",
        data: {
          labels: rows.map(function (r) { return r.semester; }),
          datasets: [
            {label: "Rerata skor", data: rows.map(function (r) { return r.rerata_skor; }),
             borderColor: BIRU, backgroundColor: BIRU, yAxisID: "skor"},
            {label: "Dataset publik", data: rows.map(function (r) { return r.dataset; }),
             borderColor: HIJAU, backgroundColor: HIJAU, yAxisID: "jumlah"},
            {label: "Sumber CSV", data: rows.map(function (r) { return r.sumber_csv; }),
             borderColor: JINGGA, backgroundColor: JINGGA, yAxisID: "jumlah"}
          ]
        },
        options: {scales: {skor: {position: "left", min: 0, max: 100},
                           jumlah: {position: "right", beginAtZero: true,
                                    grid: {drawOnChartArea: false}}}}
      });
    },
    peringkat: function (el) {
      var rows = data.peringkat;
      return new Chart(el, {
        type: "bar",
        data: {labels: rows.map(function (r) { return r.skpk; }),
               datasets: [{label: "Skor", backgroundColor: BIRU,
                           data: rows.map(function (r) { return r.skor; })}]},
        options: {indexAxis: "y", scales: {x: {min: 0, max: 100}},
                  plugins: {legend: {display: false}}}
      });
    },
    pegi: function (el) {
      var rows = data.pegi;
      return new Chart(el, {
        type: "line",
        data: {labels: rows.map(function (r) { return r.tahun; }),
               datasets: [{label: "Rerata PeGI", borderColor: BIRU, backgroundColor: BIRU,
                           data: rows.map(function (r) { return r.rerata; })}]},
        options: {scales: {y: {min: 1, max: 4}}}
      });
    },
    proyeksi: function (el) {
      var p = data.proyeksi;
      return new Chart(el, {
        type: "bar",
        data: {labels: ["Kebutuhan", "Terbangun", "Sisa"],
               datasets: [{label: "Aplikasi", data: [p.kebutuhan, p.terbangun, p.sisa],
                           backgroundColor: [ABU, HIJAU, JINGGA]}]},
        options: {indexAxis: "y", plugins: {legend: {display: false}}}
      });
    }
  };

  Object.keys(builders).forEach(function (name) {
    var el = kanvas(name);
    if (el) { el.chart = builders[name](el); el.setAttribute("data-digambar", "1"); }
  });
}());
