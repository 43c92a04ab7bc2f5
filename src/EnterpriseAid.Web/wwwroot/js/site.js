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

// Print buttons (data-print), e.g. on a 督办单: no inline handler under the Content-Security-Policy.
document.addEventListener('click', function (evt) {
    if (evt.target instanceof Element && evt.target.closest('[data-print]')) window.print();
});
