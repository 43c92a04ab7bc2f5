// 批量包联: a checkbox with data-select-all="selector" ticks or clears every checkbox the selector matches,
// and shows itself half-ticked when only some are. Kept out of the markup so the page needs no inline script.
(function () {
    function boxes(master) { return document.querySelectorAll(master.dataset.selectAll); }

    function sync(master) {
        var all = boxes(master), on = 0;
        all.forEach(function (b) { if (b.checked) on++; });
        master.checked = all.length > 0 && on === all.length;
        master.indeterminate = on > 0 && on < all.length;
    }

    document.addEventListener('change', function (evt) {
        var target = evt.target;
        if (target.matches('[data-select-all]')) {
            boxes(target).forEach(function (b) { b.checked = target.checked; });
            return;
        }
        document.querySelectorAll('[data-select-all]').forEach(function (master) {
            if (target.matches(master.dataset.selectAll)) sync(master);
        });
    });
    document.addEventListener('DOMContentLoaded', function () {
        document.querySelectorAll('[data-select-all]').forEach(sync);
    });
})();
