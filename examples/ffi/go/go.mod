module example.invalid/homeward-ffi

go 1.22
