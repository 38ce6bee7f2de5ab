document.getElementById(document.currentScript.dataset.target).textContent = 'ran';
