document.getElementById("app").innerHTML = '<h1>Gemeinde Spa</h1><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a>';
