// A browser opening a set's address (/sets/<id>) is sent to the page's view of that set
// (a file, not an inline script: the content security policy allows no inline script).
location.replace("/#/sets/" + location.pathname.split("/").filter(Boolean).pop());
