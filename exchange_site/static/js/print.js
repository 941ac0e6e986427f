// The printable view's Print button: shown, and wired, only when JavaScript runs.
// A static file rather than inline script, so reader pages need no 'unsafe-inline' in their CSP.
document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
        window.print();
    });
});
