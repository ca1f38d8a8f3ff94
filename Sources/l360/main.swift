print("l360")
