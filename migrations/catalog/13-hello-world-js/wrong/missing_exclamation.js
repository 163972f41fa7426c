console.log("Hello world");
