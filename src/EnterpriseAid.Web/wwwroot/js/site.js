// Charts: every element with data-echarts holds an ECharts option as JSON, rendered on load and
// after each htmx swap. Kept out of the markup so the pages need no inline script.
(function () {
    function renderCharts(root) {
        if (!window.echarts) return;
        root.querySelectorAll('[data-echarts]').forEach(function (el) {
            if (el.dataset.rendered) return;
            try {
                var chart = window.echarts.init(el);
                chart.setOption(JSON.parse(el.dataset.echarts));
                el.dataset.rendered = '1';
                window.addEventListener('resize', function () { chart.resize(); });
            } catch (e) {
                console.error('chart option is not valid JSON', e);
            }
        });
    }
    document.addEventListener('DOMContentLoaded', function () { renderCharts(document); });
    document.addEventListener('htmx:afterSwap', function (evt) { renderCharts(evt.detail.target); });
})();
