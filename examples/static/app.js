document.body.dataset.loaded = "app.js";
