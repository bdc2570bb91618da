#error "app/core is GTK-free: move this code to widgets/ or app/"
