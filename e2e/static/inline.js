document.getElementById('inline-hashed').textContent = 'ran';
